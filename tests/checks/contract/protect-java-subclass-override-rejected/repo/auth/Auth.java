package auth;

public class Auth {
    public boolean verify(String token) {
        return token.startsWith("ok");
    }

    public int other() {
        return 1;
    }
}

class Admin extends Auth {
    public int level() {
        return 9;
    }
}
