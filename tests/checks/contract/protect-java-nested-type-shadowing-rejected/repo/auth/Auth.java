package auth;

public class Auth {
    public boolean verify(String token) {
        return Math.abs(token.length()) > 3;
    }

    public int other() {
        return 1;
    }
}
