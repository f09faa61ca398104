public interface IGreeter
{
    string Greet()
    {
        return "hi";
    }
}

public class Base
{
    public int Id()
    {
        return 1;
    }
}

public class Child : Base, IGreeter
{
    public int Twice()
    {
        return 2;
    }
}

public class App
{
    public string Run(IGreeter g)
    {
        return g.Greet();
    }
}
