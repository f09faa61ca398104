package auth;

public class Auth {
    // editscope: protect
    public boolean verify(String token) {
        return token.startsWith("ok");
    }

    public int other() {
        return 1;
    }
}
