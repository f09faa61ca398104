use crate::Buf;

pub struct Chain<T, U> {
    a: T,
    b: U,
}

impl<T, U> Buf for Chain<T, U>
where
    T: Buf,
    U: Buf,
{
    fn remaining(&self) -> usize {
        self.a.remaining().saturating_add(self.b.remaining())
    }

    #[cfg(feature = "std")]
    fn chunks_vectored(&self) -> usize {
        self.a.chunks_vectored() + self.b.chunks_vectored()
    }

    fn copy_to_bytes(&mut self, len: usize) -> crate::Bytes {
        self.a.copy_to_bytes(len)
    }
}
