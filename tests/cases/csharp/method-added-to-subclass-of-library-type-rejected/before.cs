using System.Collections.Generic;

public class Names : List<string>
{
    public string First()
    {
        return this[0];
    }
}

public class Use
{
    public void Reset(Names n)
    {
        n.Clear();
    }
}
