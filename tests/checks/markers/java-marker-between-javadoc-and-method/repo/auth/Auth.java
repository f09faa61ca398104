package auth;

public class Auth {
    /**
     * Accepts tokens that start with "ok".
     */
    // editscope: protect
    public boolean verify(String token) {
        return token.startsWith("ok");
    }

    public int other() {
        return 1;
    }
}
