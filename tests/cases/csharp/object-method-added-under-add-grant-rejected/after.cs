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

    public override string ToString()
    {
        return "0";
    }
}

public class Report
{
    public string Line(Money m)
    {
        return "amount: " + m;
    }
}
