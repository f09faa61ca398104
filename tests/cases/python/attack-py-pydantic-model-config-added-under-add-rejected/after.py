from pydantic import BaseModel


class User(BaseModel):
    name: str
    age: int

    model_config = {"coerce_numbers_to_str": True}
