public record Point(int x, int y) {
    public Point {
        x = 0;
    }

    public int sum() {
        return x + y;
    }
}

class Plot {
    int left(Point p) {
        return p.x();
    }
}
