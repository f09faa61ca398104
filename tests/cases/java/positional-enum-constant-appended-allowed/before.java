public class Main {
    enum Color {
        RED,
        GREEN,
        BLUE,
    }
}
