class Config:
    TIMEOUT = 60
    RETRIES = 3
