package auth;

public class Auth {
    static String prefix = "ok";

    public boolean verify(String token) {
        return token.startsWith(prefix);
    }

    public int other() {
        return 1;
    }
}
