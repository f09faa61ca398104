public record Point(int x, int y) {
    public int sum() {
        return x + y;
    }

    public int product() {
        return x * y;
    }
}

class Plot {
    int left(Point p) {
        return p.x();
    }
}
