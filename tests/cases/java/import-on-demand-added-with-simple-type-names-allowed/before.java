package app;

import java.util.List;

class Lists {
    private List<String> items;

    int size(String s) {
        System.out.println(s);
        return s.length() + items.size() + Math.abs(-1);
    }
}
