interface Greeter {
    default String greet() {
        return "hi";
    }
}

class Base {
    int id() {
        return 1;
    }

    public String greet() {
        return "evil";
    }
}

class Child extends Base implements Greeter {
    int twice() {
        return 2;
    }
}

class App {
    String run(Child c) {
        return c.greet();
    }
}
