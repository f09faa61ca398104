using System;

namespace Shop.Auth
{
    public class Guard
    {
        public virtual bool Verify(string token)
        {
            return Math.Abs(token.Length) > 3;
        }

        public int Other()
        {
            return 1;
        }
    }
}
