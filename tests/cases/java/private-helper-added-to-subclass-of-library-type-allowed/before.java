import java.util.ArrayList;

public class Names extends ArrayList<String> {
    public String first() {
        return get(0);
    }
}

class Use {
    int count(Names n) {
        return n.size();
    }
}
