pub struct Stack<T> {
    items: Vec<T>,
}

impl<T> Stack<T> {
    pub fn push(&mut self, item: T) {
        if self.items.len() < 1024 {
            self.items.push(item);
        }
    }

    pub fn pop(&mut self) -> Option<T> {
        self.items.pop()
    }
}
