public record Point(int X, int Y)
{
    public int Sum => X + Y;

    public int Product => X * Y;
}

public class Plot
{
    public int Left(Point p)
    {
        return p.X;
    }
}
