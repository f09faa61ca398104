import java.io.Serializable;
import java.util.ArrayList;

public class Names extends ArrayList<String> implements Serializable {
    public String first() {
        return get(0);
    }

    private void readObject(java.io.ObjectInputStream in) {
        clear();
    }
}
