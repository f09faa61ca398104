namespace Shop.Auth
{
    public class Guard
    {
        public static bool Verify(string token)
        {
            return token.StartsWith("ok");
        }

        class Gate
        {
            bool Open(string token) => Verify(token);
        }
    }
}
