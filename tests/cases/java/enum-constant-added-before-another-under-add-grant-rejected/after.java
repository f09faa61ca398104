package app.billing;

import java.util.ArrayList;
import java.util.List;

/** Invoices for one customer. */
public class InvoiceService {
    /** Largest invoice. */
    public static final int MAX_AMOUNT = 10_000;

    private final List<Integer> amounts = new ArrayList<>();
    private int created = 0, voided;

    /** A service with no invoices. */
    public InvoiceService() {
        amounts.clear();
    }

    /** Adds an invoice. */
    @Deprecated
    public boolean add(int amount) {
        if (amount > MAX_AMOUNT) {
            return false;
        }
        amounts.add(amount);
        created++;
        return true;
    }

    /** Adds several. */
    public boolean add(List<Integer> more) {
        return amounts.addAll(more);
    }

    /** The total. */
    public int total() {
        int sum = 0;
        for (int a : amounts) {
            sum += a;
        }
        return sum;
    }

    static {
        System.setProperty("billing", "on");
    }

    /** A state. */
    public enum State {
        OPEN,
        VOID,
        PAID;

        boolean isFinal() {
            return this == PAID;
        }
    }

    /** A line of an invoice. */
    public record Line(String item, int amount) {
        public Line {
            amount = round(amount);
        }
    }

    interface Sink {
        void send(int amount);
    }

    @interface Audited {
        String value() default "";
    }

    private static int round(int x) {
        return x / 10 * 10;
    }
}
