package audit;

public class Log {
    public static void log(Object o) {
        System.out.println("audit " + o);
    }

    public static void run() {
        log("deleted user");
    }
}
