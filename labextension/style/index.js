import './base.css';
import './renderers.css';
import './labs.css';
