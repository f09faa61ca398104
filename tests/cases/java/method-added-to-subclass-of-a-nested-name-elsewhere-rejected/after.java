class Holder {
    static class Base {
        int id() {
            return 1;
        }
    }
}

public class Names extends Base {
    public String first() {
        return "a";
    }

    public int size() {
        return 0;
    }
}
