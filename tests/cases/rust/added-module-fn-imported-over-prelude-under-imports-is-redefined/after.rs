use m::drop;

mod m {
    pub fn drop<T>(_x: T) {
        println!("evil");
    }
}

pub fn main() {
    let v = vec![1];
    drop(v);
}
