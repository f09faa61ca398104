public record Point(int X, int Y)
{
    public int Sum => X + Y;

    public void Deconstruct(out int x, out int y)
    {
        x = 0;
        y = 0;
    }
}

public class Plot
{
    public int Left(Point p)
    {
        return p.X;
    }
}
