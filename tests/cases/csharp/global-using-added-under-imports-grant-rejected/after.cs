using System;
global using static Evil.Everywhere;

namespace App
{
    public class Holder
    {
        private int value;

        public int Same(int x)
        {
            return x;
        }
    }
}
