package auth;

// editscope: protect
public class Auth {
    public boolean verify(String token) {
        return token.startsWith("ok");
    }
}

class Admin extends Auth {
}
