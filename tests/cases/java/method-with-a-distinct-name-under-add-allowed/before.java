public class Main {
    static String delete(long id) {
        return "long";
    }

    public static void main(String[] args) {
        System.out.println(delete(5));
    }
}
