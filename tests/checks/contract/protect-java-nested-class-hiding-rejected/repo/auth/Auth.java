package auth;

public class Auth {
    static boolean verify(String token) {
        return token.startsWith("ok");
    }

    static class Gate {
        boolean open(String token) {
            return verify(token);
        }
    }
}
