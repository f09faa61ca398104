package auth;

public class Auth {
    // editscope: protect
    @Override
    @SuppressWarnings("unchecked")
    public boolean verify(String token) {
        return token.startsWith("ok");
    }

    public int other() {
        return 1;
    }
}
