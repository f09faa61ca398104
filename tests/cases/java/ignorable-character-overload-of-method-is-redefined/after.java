public class Main {
    static String delete(long id) {
        return "long";
    }

    static String dele‍te(int id) {
        return "int";
    }

    public static void main(String[] args) {
        System.out.println(delete(5));
    }
}
