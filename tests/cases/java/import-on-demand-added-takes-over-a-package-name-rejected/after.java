package app;

import evil.*;

class Lists {
    java.util.List<String> make() {
        return new java.util.ArrayList<>();
    }

    int size(String s) {
        return s.length();
    }
}
