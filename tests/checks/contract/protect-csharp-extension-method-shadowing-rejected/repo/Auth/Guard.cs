using Shop.Util;

namespace Shop.Auth
{
    public class Guard
    {
        public virtual bool Verify(string token)
        {
            return token.Normalized().StartsWith("ok");
        }

        public int Other()
        {
            return 1;
        }
    }
}
