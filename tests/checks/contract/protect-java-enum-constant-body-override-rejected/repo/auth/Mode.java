package auth;

public enum Mode {
    STRICT,
    LAX;

    public boolean allows(String token) {
        return token.startsWith("ok");
    }
}
