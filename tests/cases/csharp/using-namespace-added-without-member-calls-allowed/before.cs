namespace App
{
    public class Holder
    {
        private int value;

        public int Value
        {
            get { return value; }
        }

        public int Same(int x)
        {
            return x;
        }
    }
}
