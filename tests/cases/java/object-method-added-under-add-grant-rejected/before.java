public class Money {
    private final long cents;

    public Money(long cents) {
        this.cents = cents;
    }

    public long cents() {
        return cents;
    }
}

class Report {
    String line(Money m) {
        return "amount: " + m;
    }
}
