// editscope: protect
public class Guard
{
    public bool Verify(string token)
    {
        return token.StartsWith("ok");
    }
}

public class Admin : Guard
{
}
