public class Main {
    enum Color {
        RED,
        PINK,
        GREEN,
        BLUE
    }
}
