import java.util.ArrayList;

public class Names extends ArrayList<String> {
    public String first() {
        return firstOrNull();
    }

    @PostConstruct
    private String firstOrNull() {
        return isEmpty() ? null : get(0);
    }
}

class Use {
    int count(Names n) {
        return n.size();
    }
}
