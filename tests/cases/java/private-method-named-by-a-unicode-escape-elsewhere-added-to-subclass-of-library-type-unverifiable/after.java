import java.util.ArrayList;

public class Names extends ArrayList<String> {
    public String first() {
        return get(0);
    }

    private String helper() {
        return "x";
    }
}

class Use {
    String pick(Names n) {
        return n.\u0068elper();
    }
}
