public class Guard
{
    /// <summary>Accepts tokens that start with "ok".</summary>
    /// editscope: protect
    public bool Verify(string token)
    {
        return token.StartsWith("ok");
    }
}
