import java.util.ArrayList;

public class Names extends ArrayList<String> {
    public String first() {
        return size(0);
    }

    private String size(int unused) {
        return isEmpty() ? null : get(0);
    }
}

class Use {
    int count(Names n) {
        return n.size();
    }
}
