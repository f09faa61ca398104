public record Point(int x, int y) {
    public int sum() {
        return x + y;
    }

    public int x() {
        return 0;
    }
}

class Plot {
    int left(Point p) {
        return p.x();
    }
}
