package auth;

public class Auth {
    public boolean verify(String token) {
        return token.startsWith("ok");
    }

    public int other() {
        return 1;
    }
}
