package app;

import java.util.List;

class Calc {
    private int base = 1;

    int twice(int a) {
        int local = a;
        return helper(local) + helper(a) + base;
    }

    int sum(List<Integer> xs) {
        int total = 0;
        for (int x : xs) {
            total += x;
        }
        return total;
    }

    int helper(int a) {
        return a;
    }
}
