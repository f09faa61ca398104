public class Money
{
    private readonly long cents;

    public Money(long cents)
    {
        this.cents = cents;
    }

    public long Cents()
    {
        return cents;
    }

    public static bool operator ==(Money a, Money b) => true;

    public static bool operator !=(Money a, Money b) => false;
}

public class Report
{
    public string Line(Money m)
    {
        return "amount: " + m;
    }
}
