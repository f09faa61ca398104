package auth;

interface Checker {
    default boolean verify(String token) {
        return token.startsWith("ok");
    }
}

public class Auth implements Checker {
    public int other() {
        return 1;
    }
}
