public record Point(int X, int Y)
{
    public int Sum => X + Y;

    public int X { get => 0; init { } }
}

public class Plot
{
    public int Left(Point p)
    {
        return p.X;
    }
}
