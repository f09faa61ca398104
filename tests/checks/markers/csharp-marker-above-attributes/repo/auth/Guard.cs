public class Guard
{
    // editscope: protect
    [Obsolete("use Check")]
    [return: NotNull]
    public virtual bool Verify(string token)
    {
        return token.StartsWith("ok");
    }

    public int Other()
    {
        return 1;
    }
}
