package auth;

public class Auth {
    // editscope: protect
    /**
     * Accepts tokens that start with "ok".
     */
    @Deprecated
    public boolean verify(String token) {
        return token.startsWith("ok");
    }

    public int other() {
        return 1;
    }
}
