public class Guard
{
    public bool Verify(string token)
    {
        return token.StartsWith("ok");
    }

    public int Other()
    {
        return 1;
    }
}
