package app;

import static java.lang.Math.*;
import static evil.Numbers.*;

class Calc {
    int top(int a, int b) {
        return max(a, b);
    }

    int twice(int a) {
        return helper(a) + helper(a);
    }

    int helper(int a) {
        return a;
    }
}
