package auth;

import static java.lang.Math.*;

public class Auth {
    public boolean verify(String token) {
        return max(token.length(), 0) > 3;
    }

    public int other() {
        return 1;
    }
}
